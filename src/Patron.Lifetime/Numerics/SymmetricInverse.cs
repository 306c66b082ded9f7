namespace Patron.Lifetime.Numerics;

/// <summary>Inverse of a small symmetric positive-definite matrix by Cholesky factorisation.</summary>
public static class SymmetricInverse
{
    /// <summary>The inverse of the symmetrised <paramref name="matrix"/>, or null when it is not positive definite.</summary>
    public static double[,]? Invert(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.5 * (matrix[i, j] + matrix[j, i]);
                for (var p = 0; p < j; p++)
                {
                    sum -= l[i, p] * l[j, p];
                }

                if (i == j)
                {
                    if (!(sum > 0.0))
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        // Solve L Lᵀ X = I column by column.
        var inverse = new double[n, n];
        var y = new double[n];
        for (var c = 0; c < n; c++)
        {
            for (var i = 0; i < n; i++)
            {
                var sum = i == c ? 1.0 : 0.0;
                for (var p = 0; p < i; p++)
                {
                    sum -= l[i, p] * y[p];
                }

                y[i] = sum / l[i, i];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                var sum = y[i];
                for (var p = i + 1; p < n; p++)
                {
                    sum -= l[p, i] * inverse[p, c];
                }

                inverse[i, c] = sum / l[i, i];
            }
        }

        return inverse;
    }
}
