namespace Patron.Learning.Linear;

/// <summary>Checks binary labels and sample weights and folds class weights into one weight per row.</summary>
internal static class TrainingWeights
{
    public static double[] Combine(ReadOnlySpan<double> y, ReadOnlySpan<double> sampleWeight, int rows, bool balanced, double? positive, double? negative)
    {
        if (y.Length != rows)
        {
            throw new ArgumentException($"The matrix has {rows} rows but {y.Length} labels were given.", nameof(y));
        }

        if (!sampleWeight.IsEmpty && sampleWeight.Length != rows)
        {
            throw new ArgumentException($"The matrix has {rows} rows but {sampleWeight.Length} sample weights were given.", nameof(sampleWeight));
        }

        var positives = 0;
        for (var i = 0; i < rows; i++)
        {
            if (y[i] == 1)
            {
                positives++;
            }
            else if (y[i] != 0)
            {
                throw new ArgumentException($"Row {i}: a binary label must be 0 or 1 (got {y[i]}).", nameof(y));
            }

            if (!sampleWeight.IsEmpty && !(sampleWeight[i] >= 0 && double.IsFinite(sampleWeight[i])))
            {
                throw new ArgumentException($"Row {i}: sample weight {sampleWeight[i]} is not a finite non-negative number.", nameof(sampleWeight));
            }
        }

        if (positives == 0 || positives == rows)
        {
            throw new ArgumentException($"Training a binary model needs both classes; all {rows} labels are {(positives == 0 ? 0 : 1)}.", nameof(y));
        }

        double wPos = positive ?? 1.0, wNeg = negative ?? 1.0;
        if (balanced)
        {
            wPos = rows / (2.0 * positives);
            wNeg = rows / (2.0 * (rows - positives));
        }

        var weights = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            weights[i] = (sampleWeight.IsEmpty ? 1.0 : sampleWeight[i]) * (y[i] == 1 ? wPos : wNeg);
        }

        return weights;
    }
}
