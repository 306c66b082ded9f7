using Patron.Learning.Data;

namespace Patron.Learning.Trees;

/// <summary>Argument checks shared by the tree learners.</summary>
internal static class TrainingInput
{
    public static void Validate(FeatureMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weight, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.RowCount == 0)
        {
            throw new ArgumentException($"The {what} matrix has no rows.", nameof(x));
        }

        if (y.Length != x.RowCount)
        {
            throw new ArgumentException($"The {what} labels have {y.Length} values for {x.RowCount} rows.", nameof(y));
        }

        if (!weight.IsEmpty && weight.Length != x.RowCount)
        {
            throw new ArgumentException($"The {what} weights have {weight.Length} values for {x.RowCount} rows.", nameof(weight));
        }

        ValidateWeights(weight, what);
    }

    public static void ValidateWeights(ReadOnlySpan<double> weight, string what)
    {
        for (var i = 0; i < weight.Length; i++)
        {
            if (!(weight[i] >= 0) || !double.IsFinite(weight[i]))
            {
                throw new ArgumentException($"The {what} weight at row {i} is {weight[i]}; weights must be finite and >= 0.", nameof(weight));
            }
        }
    }
}
