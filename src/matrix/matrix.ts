/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A matrix whose rows are users and whose columns are named features. */
export interface FeatureMatrix extends Matrix {
  ids: string[];
  featureNames: string[];
}

/**
 * Builds a {@link Matrix} from an array of equal-length rows.
 *
 * @throws {TypeError} when the rows have different lengths.
 * @example
 * fromRows([[1, 2], [3, 4]]); // => { data: Float64Array [1, 2, 3, 4], rows: 2, cols: 2 }
 */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== d) throw new TypeError(`row ${i} has ${r.length} values, expected ${d}`);
    data.set(r, i * d);
  }
  return { data, rows: n, cols: d };
}

/**
 * Copies a {@link Matrix} into an array of rows (for JSON or for oracles that take arrays).
 *
 * @example
 * toRows({ data: Float64Array.of(1, 2, 3, 4), rows: 2, cols: 2 }); // => [[1, 2], [3, 4]]
 */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++)
    out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/**
 * Builds a row-major {@link Matrix} from column arrays (the layout a FeatureTable keeps).
 *
 * @example
 * fromColumns([Float64Array.of(1, 3), Float64Array.of(2, 4)]).data; // => Float64Array [1, 2, 3, 4]
 */
export function fromColumns(columns: readonly ArrayLike<number>[]): Matrix {
  const d = columns.length;
  const n = d === 0 ? 0 : columns[0]!.length;
  const data = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const c = columns[j]!;
    if (c.length !== n) throw new TypeError(`column ${j} has ${c.length} values, expected ${n}`);
    for (let i = 0; i < n; i++) data[i * d + j] = c[i]!;
  }
  return { data, rows: n, cols: d };
}

/**
 * Selects rows of a matrix by index (used for bootstrap resamples and samples).
 *
 * @example
 * takeRows(fromRows([[1], [2], [3]]), [2, 0]).data; // => Float64Array [3, 1]
 */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const d = m.cols;
  const out = new Float64Array(indices.length * d);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    out.set(m.data.subarray(i * d, i * d + d), r * d);
  }
  return { data: out, rows: indices.length, cols: d };
}
