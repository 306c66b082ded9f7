using Patron.Features.Registry;

namespace Patron.Pipeline.Output;

/// <summary>Writes a run's profiles.bin (<see cref="ProfileSnapshot"/>) from the predictions in memory and the
/// registry's features of features.parquet, in the row order of predictions.csv.</summary>
internal static class ProfileSnapshotWriter
{
    /// <summary>One feature column in the predictions' row order: numbers (NaN = missing) or texts.</summary>
    public sealed record Feature(string Name, double[]? Numbers, string?[]? Texts);

    /// <summary>Writes profiles.bin into the run folder beside the predictions.csv already written there.</summary>
    public static void Write(Predictions p, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(p);
        Write(p, ReadFeatures(Path.Combine(runFolder, "features.parquet"), p.Ids), runFolder);
    }

    public static void Write(Predictions p, IReadOnlyList<Feature> features, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(features);
        var csv = new FileInfo(Path.Combine(runFolder, "predictions.csv"));
        using var writer = ProfileSnapshot.Create(Path.Combine(runFolder, ProfileSnapshot.FileName), p.Count, csv.Exists ? csv.Length : -1);
        var n = p.Count;
        writer.Ids(p.Ids);
        writer.Texts("segment", n, i => p.Segments[i]);
        writer.Texts("recommended_action", n, i => p.Actions[i]);
        Numbers("churn_probability", p.Churn);
        Numbers("repeat_probability", p.Repeat);
        Numbers("high_value_probability", p.HighValue);
        if (p.HighValueFlag is { } flags)
        {
            var values = new sbyte[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = flags[i] ? (sbyte)1 : (sbyte)0;
            }

            writer.Flags("high_value_flag", values);
        }

        Numbers("predicted_clv", p.Clv);
        Numbers("predicted_clv_lower", p.Clv is null ? null : p.ClvLower ?? Missing(n));
        Numbers("predicted_clv_upper", p.Clv is null ? null : p.ClvUpper ?? Missing(n));
        Numbers("p_alive", p.PAlive);
        Numbers("expected_purchases", p.PAlive is null ? null : p.ExpectedPurchases ?? Missing(n));
        Numbers("early_high_value_probability", p.EarlyHighValue);
        if (p.Reasons is { } reasons)
        {
            for (var k = 0; k < 3; k++)
            {
                var slot = k;
                writer.Texts(FormattableString.Invariant($"reason_{k + 1}"), n, i => slot < reasons[i].Length ? reasons[i][slot] : null);
            }
        }

        if (p.NextProducts is { } next)
        {
            var ranks = 0;
            foreach (var products in next)
            {
                ranks = Math.Max(ranks, products.Length);
            }

            for (var r = 0; r < ranks; r++)
            {
                var rank = r;
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "product_id"), n, i => rank < next[i].Length ? next[i][rank].ItemId : null);
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "name"), n, i => rank < next[i].Length ? next[i][rank].Name : null);
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "source"), n, i => rank < next[i].Length ? next[i][rank].Source : null);
                writer.Texts(ProfileSnapshot.NextField(rank + 1, "reason"), n, i => rank < next[i].Length ? next[i][rank].Reason : null);
                var scores = Missing(n);
                for (var i = 0; i < n; i++)
                {
                    if (rank < next[i].Length)
                    {
                        scores[i] = next[i][rank].Score;
                    }
                }

                writer.Numbers(ProfileSnapshot.NextField(rank + 1, "score"), scores);
            }
        }

        foreach (var feature in features)
        {
            if (feature.Numbers is { } numbers)
            {
                writer.Numbers(ProfileSnapshot.FeaturePrefix + feature.Name, numbers);
            }
            else
            {
                var texts = feature.Texts!;
                writer.Texts(ProfileSnapshot.FeaturePrefix + feature.Name, n, i => texts[i]);
            }
        }

        if (p.Churn is not null)
        {
            writer.Order(ProfileSnapshot.OrderPrefix + "churn", ProfileSnapshot.Descending(p.Churn));
        }

        if (p.Clv is not null)
        {
            writer.Order(ProfileSnapshot.OrderPrefix + "clv", ProfileSnapshot.Descending(p.Clv));
        }

        writer.Complete();

        void Numbers(string name, double[]? values)
        {
            if (values is not null)
            {
                writer.Numbers(name, values);
            }
        }
    }

    /// <summary>The registry's features of features.parquet, placed in the order of <paramref name="ids"/> (rows without
    /// a prediction are left out; customers without features read as missing).</summary>
    public static List<Feature> ReadFeatures(string path, string[] ids)
    {
        var features = new List<Feature>();
        if (!File.Exists(path))
        {
            return features;
        }

        var rowOf = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            rowOf[ids[i]] = i;
        }

        using var table = RunTable.ReadParquet(path);
        var source = table.Texts("customer_id");
        var rows = new int[source.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = source[i] is { } id && rowOf.TryGetValue(id, out var row) ? row : -1;
        }

        foreach (var name in table.Columns)
        {
            if (FeatureRegistry.Find(name) is null)
            {
                continue;
            }

            if (table.IsText(name))
            {
                var values = table.Texts(name);
                var placed = new string?[ids.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i] >= 0)
                    {
                        placed[rows[i]] = values[i];
                    }
                }

                features.Add(new Feature(name, null, placed));
            }
            else
            {
                var values = table.Numbers(name);
                var placed = Missing(ids.Length);
                for (var i = 0; i < rows.Length; i++)
                {
                    if (rows[i] >= 0)
                    {
                        placed[rows[i]] = values[i];
                    }
                }

                features.Add(new Feature(name, placed, null));
            }
        }

        return features;
    }

    private static double[] Missing(int n)
    {
        var values = new double[n];
        Array.Fill(values, double.NaN);
        return values;
    }
}
