using System.Globalization;
using System.Text.Json;
using Patron.Learning.Drift;
using Patron.Pipeline.Output;

namespace Patron.Pipeline.Drift;

/// <summary>Writes a <see cref="DriftResult"/> as the drift JSON of docs/drift.md: <c>features</c>, <c>scores</c>,
/// <c>drifted_share</c>, <c>drifted</c> and the context around them.</summary>
public static class DriftJson
{
    /// <summary>Writes the whole document to <paramref name="path"/>.</summary>
    public static void WriteFile(DriftResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        Write(writer, result);
        writer.Flush();
    }

    /// <summary>Writes the document as one JSON object at the writer's position (also how metrics.json embeds it).</summary>
    public static void Write(Utf8JsonWriter writer, DriftResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var dataset = result.Dataset;
        writer.WriteStartObject();
        writer.WriteString("reference_cutoff", result.ReferenceCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("cutoff", result.CurrentCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteNumber("reference_customers", result.ReferenceCustomers);
        writer.WriteNumber("current_customers", result.CurrentCustomers);
        writer.WritePropertyName("features");
        Columns(writer, dataset.Features, "feature");
        writer.WritePropertyName("scores");
        Columns(writer, dataset.Scores, "task");
        writer.WritePropertyName("skipped_scores");
        writer.WriteStartObject();
        foreach (var (task, reason) in result.SkippedScores)
        {
            writer.WriteString(task, reason);
        }

        writer.WriteEndObject();
        writer.WriteNumber("judged_columns", dataset.JudgedColumns);
        writer.WriteNumber("drifted_columns", dataset.DriftedColumns);
        JsonNumbers.Write(writer, "drifted_share", dataset.DriftedShare);
        JsonNumbers.Write(writer, "share_threshold", dataset.ShareThreshold);
        writer.WriteBoolean("drifted", dataset.Drifted);
        writer.WriteEndObject();
    }

    private static void Columns(Utf8JsonWriter writer, IReadOnlyList<ColumnDrift> columns, string key)
    {
        writer.WriteStartArray();
        foreach (var c in columns)
        {
            writer.WriteStartObject();
            writer.WriteString(key, c.Name);
            writer.WriteString("kind", c.Kind);
            JsonNumbers.Write(writer, "psi", c.Psi);
            JsonNumbers.Write(writer, "ks", c.Ks);
            JsonNumbers.Write(writer, "wasserstein", c.Wasserstein);
            JsonNumbers.Write(writer, "wasserstein_normalized", c.WassersteinNormalized);
            JsonNumbers.Write(writer, "jensen_shannon", c.JensenShannon);
            writer.WriteString("method", c.Method);
            writer.WriteBoolean("drifted", c.Drifted);
            JsonNumbers.Write(writer, "statistic", c.Statistic);
            JsonNumbers.Write(writer, "threshold", c.Threshold);
            JsonNumbers.Write(writer, "ks_p_value", c.KsPValue);
            JsonNumbers.Write(writer, "chi_squared_p_value", c.ChiSquaredPValue);
            JsonNumbers.Write(writer, "psi_threshold", c.PsiThreshold);
            writer.WriteNumber("reference_rows", c.ReferenceRows);
            writer.WriteNumber("current_rows", c.CurrentRows);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
