using Patron.Features.Explain;
using Patron.Features.Registry;
using Patron.Learning.Data;

namespace Patron.Server.Dashboard;

/// <summary>One feature of a customer as the 360 page shows it: the column, what it measures (the feature registry's
/// description, or the lifetime models' phrase), and the value in words as the churn reasons word it (the registry's
/// describer: "no order for 142 days, 3.1 times their usual gap of 46 days").</summary>
internal sealed record CustomerFeature(string Name, string Meaning, string Unit, string Sentence, double? Number);

/// <summary>Describes a customer's feature values for the 360 page.</summary>
internal static class CustomerFeatures
{
    /// <summary>Every feature of the profile, in the run's order, described with <see cref="FeatureDescriber"/> over a
    /// one-row matrix of the customer's numeric values (so a sentence may use another feature, as recency uses the usual
    /// gap).</summary>
    public static IReadOnlyList<CustomerFeature> Describe(IReadOnlyDictionary<string, object?> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var specs = new List<FeatureSpec>(features.Count);
        var columns = new List<float[]>(features.Count);
        foreach (var (name, value) in features)
        {
            if (value is not string)
            {
                specs.Add(new FeatureSpec(name, FeatureKind.Numeric));
                columns.Add([value is double d ? (float)d : float.NaN]);
            }
        }

        var matrix = FeatureMatrix.Create(new FeatureSchema(specs), columns.ToArray());
        var rows = new List<CustomerFeature>(features.Count);
        foreach (var (name, value) in features)
        {
            var (label, unit) = FeatureLabels.LabelAndUnit(name);
            var meaning = FeatureRegistry.Find(name)?.Description ?? label;
            if (value is string text)
            {
                rows.Add(new CustomerFeature(name, meaning, unit, $"{label}: {text}", null));
                continue;
            }

            var column = matrix.Schema.IndexOf(name);
            var sentence = FeatureDescriber.Instance.Describe(matrix.Schema[column], matrix[0, column], matrix, 0);
            rows.Add(new CustomerFeature(name, meaning, unit, sentence, value as double?));
        }

        return rows;
    }
}
