using System.Text.Json;
using Patron.Learning.Experiments;

namespace Patron.Pipeline.Experiments;

/// <summary>Writes an experiment's design and analysis as JSON; numbers that are not finite (an undefined relative
/// lift, an infinite statistic) are written as null.</summary>
public static class ExperimentJson
{
    /// <summary>The analysis: <c>{"start", "window_days", "control", "arms", "metrics": [...], "srm": {...}, "verdict"}</c>.</summary>
    public static void WriteAnalysis(ExperimentAnalysis analysis, string path)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("start", analysis.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("window_days", analysis.WindowDays);
        writer.WriteString("control", analysis.Control);
        Number(writer, "alpha", analysis.Alpha);
        writer.WriteStartArray("arms");
        foreach (var (arm, share) in analysis.Arms)
        {
            writer.WriteStartObject();
            writer.WriteString("variant", arm);
            Number(writer, "share", share);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("metrics");
        foreach (var m in analysis.Metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("metric", m.Metric);
            writer.WriteString("treatment_variant", m.Treatment);
            Estimate(writer, m.Raw);
            Number(writer, "p_value_holm", m.HolmPValue);
            Number(writer, "p_value_always_valid", m.AlwaysValidPValue);
            if (m.Cuped is { } cuped)
            {
                writer.WriteStartObject("cuped");
                Estimate(writer, cuped);
                Number(writer, "variance_reduction", m.VarianceReduction);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("cuped");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("srm");
        writer.WriteStartArray("expected");
        foreach (var e in analysis.SampleRatio.Expected)
        {
            writer.WriteNumberValue(e);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("observed");
        foreach (var o in analysis.SampleRatio.Observed)
        {
            writer.WriteNumberValue(o);
        }

        writer.WriteEndArray();
        Number(writer, "statistic", analysis.SampleRatio.Statistic);
        Number(writer, "p_value", analysis.SampleRatio.PValue);
        writer.WriteBoolean("flag", analysis.SampleRatio.Flag);
        writer.WriteEndObject();
        writer.WriteString("verdict", analysis.Verdict);
        writer.WriteEndObject();
    }

    /// <summary>The design: sizes and detectable effects with and without CUPED.</summary>
    public static void WriteDesign(ExperimentDesign design, string path)
    {
        ArgumentNullException.ThrowIfNull(design);
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("segment", design.Segment);
        writer.WriteString("cutoff", design.Cutoff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("history_cutoff", design.HistoryCutoff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("metric", design.Metric);
        writer.WriteNumber("window_days", design.WindowDays);
        writer.WriteNumber("customers", design.Customers);
        Number(writer, "mean", design.Mean);
        Number(writer, "std_dev", design.StdDev);
        Number(writer, "alpha", design.Alpha);
        Number(writer, "power", design.Power);
        Number(writer, "mde", design.RelativeMde);
        Number(writer, "sample_size_per_arm", design.PerArm);
        Number(writer, "mde_with_segment", design.SegmentMde);
        writer.WriteStartObject("cuped");
        Number(writer, "correlation", design.Correlation);
        Number(writer, "variance_reduction", design.VarianceReduction);
        Number(writer, "sample_size_per_arm", design.PerArmCuped);
        Number(writer, "mde_with_segment", design.SegmentMdeCuped);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Estimate(Utf8JsonWriter writer, LiftEstimate e)
    {
        Arm(writer, "control", e.Control);
        Arm(writer, "treatment", e.Treatment);
        Number(writer, "absolute_lift", e.AbsoluteLift);
        Number(writer, "relative_lift", e.RelativeLift);
        Number(writer, "ci_low", e.CiLow);
        Number(writer, "ci_high", e.CiHigh);
        Number(writer, "relative_ci_low", e.RelativeCiLow);
        Number(writer, "relative_ci_high", e.RelativeCiHigh);
        Number(writer, "statistic", e.Statistic);
        Number(writer, "p_value", e.PValue);
    }

    private static void Arm(Utf8JsonWriter writer, string name, ArmSummary arm)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("n", arm.Count);
        Number(writer, "mean", arm.Mean);
        writer.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
