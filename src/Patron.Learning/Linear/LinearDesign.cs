using Patron.Learning.Data;

namespace Patron.Learning.Linear;

/// <summary>Turns feature columns into the design columns of a linear model (imputed values, one-hot levels, missing
/// indicators) in a fixed order: per feature, its value or levels, then its missing indicator.</summary>
internal static class LinearDesign
{
    /// <summary>One-hot columns are dense, so a categorical feature with more levels than this is refused (it is
    /// usually an identifier that should not be a feature).</summary>
    public const int MaxLevels = 1000;

    /// <summary>Chooses the terms from the training matrix: a missing indicator only for features with missing cells.</summary>
    public static LinearTerm[] Plan(FeatureMatrix x)
    {
        var terms = new List<LinearTerm>();
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var spec = x.Schema[j];
            var column = x.Column(j);
            var hasMissing = HasNaN(column);
            if (spec.Kind == FeatureKind.Categorical)
            {
                if (spec.LevelCount > MaxLevels)
                {
                    throw new ArgumentException(
                        $"Feature '{spec.Name}' has {spec.LevelCount} categories; logistic regression one-hot encodes at most {MaxLevels}. If it is an identifier, leave it out of the features (patron train --id {spec.Name}).");
                }

                for (var k = 0; k < spec.LevelCount; k++)
                {
                    terms.Add(new LinearTerm(j, LinearTermKind.Level, k, 0, 0, 0));
                }
            }
            else
            {
                // The fill is stored as a float so training (float design columns) and scoring see the same value.
                terms.Add(new LinearTerm(j, LinearTermKind.Value, -1, (float)Median.OfPresent(column), 0, 0));
            }

            if (hasMissing)
            {
                terms.Add(new LinearTerm(j, LinearTermKind.Missing, -1, 0, 0, 0));
            }
        }

        return [.. terms];
    }

    /// <summary>One float column per term; a value term over a column without missing cells shares the matrix's array.</summary>
    public static float[][] Materialize(FeatureMatrix x, LinearTerm[] terms)
    {
        var columns = new float[terms.Length][];
        Parallel.For(0, terms.Length, t =>
        {
            var term = terms[t];
            var source = x.GetColumnArray(term.Feature);
            if (term.Kind == LinearTermKind.Value && !HasNaN(source))
            {
                columns[t] = source;
                return;
            }

            var target = new float[source.Length];
            switch (term.Kind)
            {
                case LinearTermKind.Value:
                    var fill = (float)term.Fill;
                    for (var i = 0; i < source.Length; i++)
                    {
                        target[i] = float.IsNaN(source[i]) ? fill : source[i];
                    }

                    break;
                case LinearTermKind.Level:
                    for (var i = 0; i < source.Length; i++)
                    {
                        target[i] = source[i] == term.Level ? 1f : 0f;
                    }

                    break;
                default:
                    for (var i = 0; i < source.Length; i++)
                    {
                        target[i] = float.IsNaN(source[i]) ? 1f : 0f;
                    }

                    break;
            }

            columns[t] = target;
        });
        return columns;
    }

    private static bool HasNaN(ReadOnlySpan<float> column)
    {
        foreach (var v in column)
        {
            if (float.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }
}
