using System.Text.Json;
using Patron.Learning.Data;
using Patron.Pipeline.Experiments;

namespace Patron.Server.Dashboard;

/// <summary>One arm's size and mean.</summary>
internal sealed record ArmFigures(long N, double Mean);

/// <summary>A lift as <c>patron experiment analyze --json</c> writes it (raw or CUPED-adjusted).</summary>
internal sealed record LiftFigures(ArmFigures Control, ArmFigures Treatment, double AbsoluteLift, double RelativeLift,
    double CiLow, double CiHigh, double RelativeCiLow, double RelativeCiHigh, double PValue);

/// <summary>One metric of an analysis.</summary>
internal sealed record MetricFigures(string Metric, string Treatment, LiftFigures Raw, double HolmPValue, double AlwaysValidPValue,
    LiftFigures? Cuped, double VarianceReduction);

/// <summary>An experiment analysis file.</summary>
internal sealed record AnalysisFile(string File, string Start, int WindowDays, string Control, double Alpha,
    IReadOnlyList<(string Variant, double Share)> Arms, IReadOnlyList<MetricFigures> Metrics, IReadOnlyList<long> SrmExpected,
    IReadOnlyList<long> SrmObserved, double SrmPValue, bool SrmFlag, string Verdict);

/// <summary>One uplift learner's measures for a metric.</summary>
internal sealed record LearnerFigures(string Learner, double Qini, double QiniGain, double Auuc, IReadOnlyList<(double Share, double Uplift)> AtK,
    IReadOnlyList<(double Share, double Value)> QiniCurve);

/// <summary>The measures of one metric of an uplift file, with random targeting as the baseline.</summary>
internal sealed record UpliftMetricFigures(string Metric, double AverageEffect, IReadOnlyList<LearnerFigures> Learners, LearnerFigures Random);

/// <summary>An uplift file (<c>patron uplift --json</c>).</summary>
internal sealed record UpliftFile(string File, string Start, int WindowDays, string FeatureCutoff, string Control, string Treatment,
    long Customers, long Treated, IReadOnlyList<UpliftMetricFigures> Metrics, string TargetingLearner, long PositiveUplift,
    double ExpectedIncrementalRevenue);

/// <summary>A targeting list (<c>patron uplift --out</c>) as written; the page shows its first <see cref="ExperimentsFolder.TargetRows"/> rows.</summary>
internal sealed record TargetList(string File, CsvTable Table);

/// <summary>What the experiments page shows: every analysis and uplift JSON and every targeting list in the experiments
/// folder (<c>patron serve --experiments DIR</c>, by default <c>experiments/</c> in the run folder), read on each
/// request, newest first by file time; files that are not one of these are listed as skipped with the reason.</summary>
internal sealed class ExperimentsFolder
{
    /// <summary>Rows of a targeting list the page shows.</summary>
    public const int TargetRows = 20;

    private ExperimentsFolder(string? folder)
    {
        Folder = folder;
    }

    /// <summary>The folder read, or null when none was given and the run folder has no <c>experiments/</c>.</summary>
    public string? Folder { get; }

    public List<AnalysisFile> Analyses { get; } = [];

    public List<UpliftFile> Uplifts { get; } = [];

    public List<TargetList> Targets { get; } = [];

    public List<(string File, string Why)> Skipped { get; } = [];

    public bool IsEmpty => Analyses.Count == 0 && Uplifts.Count == 0 && Targets.Count == 0;

    /// <summary>Reads <paramref name="folder"/> (its files, not its subfolders); a folder that does not exist reads as empty.</summary>
    public static ExperimentsFolder Read(string? folder)
    {
        var result = new ExperimentsFolder(folder);
        if (folder is null || !Directory.Exists(folder))
        {
            return result;
        }

        var files = new DirectoryInfo(folder).GetFiles().OrderByDescending(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToArray();
        foreach (var file in files)
        {
            try
            {
                if (file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
                {
                    result.ReadJson(file);
                }
                else if (file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
                {
                    result.ReadTargets(file);
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                result.Skipped.Add((file.Name, ex.Message));
            }
        }

        return result;
    }

    private void ReadJson(FileInfo file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Skipped.Add((file.Name, "not a JSON object"));
        }
        else if (root.TryGetProperty("srm", out _) && root.TryGetProperty("metrics", out _))
        {
            Analyses.Add(Analysis(file.Name, root));
        }
        else if (root.TryGetProperty("targeting", out _) && root.TryGetProperty("metrics", out _))
        {
            Uplifts.Add(Uplift(file.Name, root));
        }
        else
        {
            Skipped.Add((file.Name, "neither an analysis (patron experiment analyze --json) nor an uplift file (patron uplift --json)"));
        }
    }

    private void ReadTargets(FileInfo file)
    {
        using (var reader = new StreamReader(file.FullName))
        {
            if (reader.ReadLine() != string.Join(',', UpliftOutput.TargetColumns))
            {
                return;
            }
        }

        Targets.Add(new TargetList(file.Name, CsvTable.ReadFile(file.FullName)));
    }

    private static AnalysisFile Analysis(string name, JsonElement root)
    {
        var metrics = new List<MetricFigures>();
        foreach (var m in root.GetProperty("metrics").EnumerateArray())
        {
            var cuped = m.GetProperty("cuped");
            metrics.Add(new MetricFigures(
                Text(m, "metric"), Text(m, "treatment_variant"), Lift(m), Number(m, "p_value_holm"), Number(m, "p_value_always_valid"),
                cuped.ValueKind == JsonValueKind.Object ? Lift(cuped) : null,
                cuped.ValueKind == JsonValueKind.Object ? Number(cuped, "variance_reduction") : double.NaN));
        }

        var arms = root.GetProperty("arms").EnumerateArray().Select(a => (Text(a, "variant"), Number(a, "share"))).ToArray();
        var srm = root.GetProperty("srm");
        return new AnalysisFile(name, Text(root, "start"), root.GetProperty("window_days").GetInt32(), Text(root, "control"),
            Number(root, "alpha"), arms, metrics,
            srm.GetProperty("expected").EnumerateArray().Select(e => (long)Math.Round(e.GetDouble())).ToArray(),
            srm.GetProperty("observed").EnumerateArray().Select(e => (long)Math.Round(e.GetDouble())).ToArray(),
            Number(srm, "p_value"), srm.GetProperty("flag").GetBoolean(), Text(root, "verdict"));
    }

    private static UpliftFile Uplift(string name, JsonElement root)
    {
        var metrics = new List<UpliftMetricFigures>();
        foreach (var m in root.GetProperty("metrics").EnumerateArray())
        {
            var learners = m.GetProperty("learners").EnumerateArray().Select(l => Learner(Text(l, "learner"), l)).ToArray();
            metrics.Add(new UpliftMetricFigures(Text(m, "metric"), Number(m, "average_effect"), learners, Learner("random", m.GetProperty("random"))));
        }

        var targeting = root.GetProperty("targeting");
        return new UpliftFile(name, Text(root, "start"), root.GetProperty("window_days").GetInt32(), Text(root, "feature_cutoff"),
            Text(root, "control"), Text(root, "treatment"), root.GetProperty("customers").GetInt64(), root.GetProperty("treated").GetInt64(),
            metrics, Text(targeting, "learner"), targeting.GetProperty("customers_with_positive_uplift").GetInt64(),
            Number(targeting, "expected_incremental_revenue_positive"));
    }

    private static LearnerFigures Learner(string name, JsonElement l)
    {
        var atK = l.GetProperty("uplift_at_k").EnumerateArray().Select(a => (Number(a, "share"), Number(a, "uplift"))).ToArray();
        var curve = l.TryGetProperty("qini_curve", out var points)
            ? points.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToArray()
            : [];
        return new LearnerFigures(name, Number(l, "qini"), Number(l, "qini_gain"), Number(l, "auuc"), atK, curve);
    }

    private static LiftFigures Lift(JsonElement e) => new(
        Arm(e.GetProperty("control")), Arm(e.GetProperty("treatment")), Number(e, "absolute_lift"), Number(e, "relative_lift"),
        Number(e, "ci_low"), Number(e, "ci_high"), Number(e, "relative_ci_low"), Number(e, "relative_ci_high"), Number(e, "p_value"));

    private static ArmFigures Arm(JsonElement e) => new(e.GetProperty("n").GetInt64(), Number(e, "mean"));

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    /// <summary>A number, or NaN where the file wrote null (not finite).</summary>
    private static double Number(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : double.NaN;
}
