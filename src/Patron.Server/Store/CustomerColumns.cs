namespace Patron.Server.Store;

/// <summary>Every customer of a run, column by column (predictions.csv and features.parquet), with an id index and the
/// row orders the list endpoint pages through. One array per column, never one object per customer.</summary>
/// <remarks>Immutable; thread-safe for reading. Arrays of tasks the run did not have are null. Missing numbers are NaN.</remarks>
internal sealed class CustomerColumns
{
    private System.Text.Json.JsonEncodedText[]? _encodedFeatureNames;

    public required IdIndex Ids { get; init; }

    public required TextColumn Segments { get; init; }

    public required TextColumn Actions { get; init; }

    public NumberColumn? Churn { get; init; }

    public NumberColumn? Repeat { get; init; }

    public NumberColumn? HighValue { get; init; }

    /// <summary>1 flagged, 0 not, -1 missing.</summary>
    public ColumnValues<sbyte>? HighValueFlag { get; init; }

    public NumberColumn? Clv { get; init; }

    public NumberColumn? ClvLower { get; init; }

    public NumberColumn? ClvUpper { get; init; }

    public NumberColumn? PAlive { get; init; }

    public NumberColumn? ExpectedPurchases { get; init; }

    /// <summary>early_high_value_probability: NaN outside the cohort of new customers.</summary>
    public NumberColumn? EarlyHighValue { get; init; }

    /// <summary>The reason columns (reason_1, reason_2, reason_3), or empty.</summary>
    public required IReadOnlyList<TextColumn> Reasons { get; init; }

    /// <summary>Next products by rank (rank 1 first), or empty when the run has no cross-sell.</summary>
    public IReadOnlyList<NextProductColumns> NextProducts { get; init; } = [];

    /// <summary>Feature columns by registry name, in the order of features.parquet.</summary>
    public required IReadOnlyList<FeatureColumn> Features { get; init; }

    /// <summary>Rows by churn probability, highest first (ties by row); null without churn.</summary>
    public ColumnValues<int>? ByChurn { get; init; }

    /// <summary>Rows by predicted CLV, highest first (ties by row); null without CLV.</summary>
    public ColumnValues<int>? ByClv { get; init; }

    public int Count => Ids.Count;

    /// <summary>The feature names, JSON-encoded once for the profile writer.</summary>
    public System.Text.Json.JsonEncodedText[] EncodedFeatureNames => _encodedFeatureNames ??= EncodeNames(Features);

    /// <summary>Memory held by every array of the store, in bytes.</summary>
    public long Bytes
    {
        get
        {
            long bytes = Ids.Bytes + Segments.Bytes + Actions.Bytes;
            foreach (var column in Scores)
            {
                bytes += column?.HeapBytes ?? 0;
            }

            bytes += (HighValueFlag?.HeapBytes ?? 0) + (ByChurn?.HeapBytes ?? 0) + (ByClv?.HeapBytes ?? 0);
            foreach (var reason in Reasons)
            {
                bytes += reason.Bytes;
            }

            foreach (var feature in Features)
            {
                bytes += feature.Bytes;
            }

            foreach (var rank in NextProducts)
            {
                bytes += rank.Bytes;
            }

            return bytes;
        }
    }

    private static System.Text.Json.JsonEncodedText[] EncodeNames(IReadOnlyList<FeatureColumn> features)
    {
        var names = new System.Text.Json.JsonEncodedText[features.Count];
        for (var f = 0; f < names.Length; f++)
        {
            names[f] = System.Text.Json.JsonEncodedText.Encode(features[f].Name, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        }

        return names;
    }

    /// <summary>Bytes of profiles.bin mapped rather than copied (every column of a run read from it but the pools of
    /// texts and the id hash table).</summary>
    public long MappedBytes
    {
        get
        {
            long bytes = Ids.MappedBytes + Segments.MappedBytes + Actions.MappedBytes;
            foreach (var column in Scores)
            {
                bytes += column?.MappedBytes ?? 0;
            }

            bytes += (HighValueFlag?.MappedBytes ?? 0) + (ByChurn?.MappedBytes ?? 0) + (ByClv?.MappedBytes ?? 0);
            foreach (var reason in Reasons)
            {
                bytes += reason.MappedBytes;
            }

            foreach (var feature in Features)
            {
                bytes += feature.MappedBytes;
            }

            foreach (var rank in NextProducts)
            {
                bytes += rank.MappedBytes;
            }

            return bytes;
        }
    }

    /// <summary>The profile file the columns are mapped from, or null when they are on the heap.</summary>
    public ProfileFileMapping? Mapping { get; init; }

    private NumberColumn?[] Scores => [Churn, Repeat, HighValue, Clv, ClvLower, ClvUpper, PAlive, ExpectedPurchases, EarlyHighValue];

    /// <summary>The churn risk band of a probability (docs/run-folder.md): low below 0.33, high from 0.66.</summary>
    public static string? RiskBand(double probability) =>
        double.IsNaN(probability) ? null : probability < 0.33 ? "low" : probability < 0.66 ? "medium" : "high";
}
