namespace Patron.Learning.Evaluation;

/// <summary>Seeded assignment of rows to folds.</summary>
public static class FoldAssignment
{
    /// <summary>Fold index per row. With binary labels the folds are stratified: each class is shuffled and dealt round
    /// the folds, so every fold has the class shares of the whole (±1 row). Other labels are shuffled and dealt.</summary>
    public static int[] Assign(ReadOnlySpan<double> y, int folds, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (y.Length < folds)
        {
            throw new ArgumentException($"{y.Length} rows cannot be split into {folds} folds.", nameof(y));
        }

        var binary = true;
        foreach (var v in y)
        {
            binary &= v == 0 || v == 1;
        }

        var fold = new int[y.Length];
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        if (!binary)
        {
            Deal(AllRows(y.Length), random, fold, folds, 0);
            return fold;
        }

        var ones = 0;
        foreach (var v in y)
        {
            ones += (int)v;
        }

        var positive = new int[ones];
        var negative = new int[y.Length - ones];
        for (int i = 0, p = 0, q = 0; i < y.Length; i++)
        {
            if (y[i] == 1)
            {
                positive[p++] = i;
            }
            else
            {
                negative[q++] = i;
            }
        }

        // The negatives continue where the positives stopped so small folds stay balanced in size too.
        Deal(positive, random, fold, folds, 0);
        Deal(negative, random, fold, folds, positive.Length % folds);
        return fold;
    }

    private static int[] AllRows(int n)
    {
        var rows = new int[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = i;
        }

        return rows;
    }

    private static void Deal(int[] rows, Random random, int[] fold, int folds, int offset)
    {
        random.Shuffle(rows);
        for (var k = 0; k < rows.Length; k++)
        {
            fold[rows[k]] = (k + offset) % folds;
        }
    }
}
