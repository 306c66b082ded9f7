using Patron.Learning.Data;

namespace Patron.Learning.Explain;

/// <summary>Turns a contributions vector (from <see cref="IExplainable.Contributions(FeatureMatrix, int, Span{double})"/>)
/// into the top drivers up and down.</summary>
public static class Drivers
{
    /// <summary>The <paramref name="k"/> largest positive and <paramref name="k"/> largest negative contributions of
    /// <paramref name="row"/>, described by <paramref name="describer"/> (default "name = value"). Zero contributions are
    /// left out; ties go to the earlier feature.</summary>
    /// <param name="phi">Length = features + 1 (last = bias), as written by
    /// <see cref="IExplainable.Contributions(FeatureMatrix, int, Span{double})"/>.</param>
    /// <param name="x">The matrix holding the row.</param>
    /// <param name="row">The row explained.</param>
    /// <param name="k">Drivers per direction.</param>
    /// <param name="describer">Text per feature value; null for "name = value".</param>
    public static DriverReport Top(ReadOnlySpan<double> phi, FeatureMatrix x, int row, int k, IFeatureDescriber? describer = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (phi.Length != x.ColumnCount + 1)
        {
            throw new ArgumentException($"phi has {phi.Length} slots; the matrix has {x.ColumnCount} features + 1 bias.", nameof(phi));
        }

        describer ??= DefaultFeatureDescriber.Instance;
        var up = Pick(phi[..^1], k, positive: true);
        var down = Pick(phi[..^1], k, positive: false);
        return new DriverReport(Describe(up, phi, x, row, describer), Describe(down, phi, x, row, describer), phi[^1]);
    }

    /// <summary>Contributions of <paramref name="row"/> from <paramref name="model"/>, then <see cref="Top"/>.</summary>
    public static DriverReport Explain(IExplainable model, FeatureMatrix x, int row, int k, IFeatureDescriber? describer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        var phi = new double[x.ColumnCount + 1];
        model.Contributions(x, row, phi);
        return Top(phi, x, row, k, describer);
    }

    private static List<int> Pick(ReadOnlySpan<double> phi, int k, bool positive)
    {
        var chosen = new List<int>(k);
        for (var j = 0; j < phi.Length; j++)
        {
            var v = positive ? phi[j] : -phi[j];
            if (!(v > 0))
            {
                continue;
            }

            var pos = chosen.Count;
            while (pos > 0 && (positive ? phi[chosen[pos - 1]] : -phi[chosen[pos - 1]]) < v)
            {
                pos--;
            }

            if (pos < k)
            {
                chosen.Insert(pos, j);
                if (chosen.Count > k)
                {
                    chosen.RemoveAt(k);
                }
            }
        }

        return chosen;
    }

    private static Driver[] Describe(List<int> features, ReadOnlySpan<double> phi, FeatureMatrix x, int row, IFeatureDescriber describer)
    {
        var result = new Driver[features.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var j = features[i];
            var spec = x.Schema[j];
            var value = x[row, j];
            result[i] = new Driver(spec.Name, phi[j], value, describer.Describe(spec, value, x, row));
        }

        return result;
    }
}
