using System.CommandLine;
using System.Globalization;
using Patron.Features.Experiments;
using Patron.Learning.Experiments;
using Patron.Pipeline.Experiments;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron experiment design|assign|analyze</c>: A/B tests of actions on a segment (docs/experiments.md).</summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var command = new Command("experiment", "Design, assign and analyze A/B tests of retention actions on a segment.");
        command.Subcommands.Add(Design());
        command.Subcommands.Add(Assign());
        command.Subcommands.Add(Analyze());
        return command;
    }

    private static Command Design()
    {
        var db = CommonOptions.Database();
        var segment = SegmentOption();
        var metric = new Option<string>("--metric") { Description = "revenue, orders or conversion.", DefaultValueFactory = _ => "revenue" };
        var window = new Option<string>("--window") { Description = "Outcome window, e.g. 90d.", DefaultValueFactory = _ => "90d" };
        var mde = new Option<double>("--mde") { Description = "Relative lift to detect (0.05 = 5 %).", DefaultValueFactory = _ => 0.05 };
        var alpha = AlphaOption();
        var power = new Option<double>("--power") { Description = "Power to reach.", DefaultValueFactory = _ => 0.8 };
        var cutoff = new Option<string?>("--cutoff") { Description = "Segment as of this feature cutoff (default: the latest in gold)." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the design as JSON to FILE." };
        var command = new Command("design", "Units per arm for a lift, or the lift a segment can detect, with and without CUPED.") { db, segment, metric, window, mde, alpha, power, cutoff, json };
        command.SetAction(parse =>
        {
            var metricName = CheckMetric(parse.GetValue(metric)!);
            var days = FeaturesCommand.ParseHorizon(parse.GetValue(window)!);
            var relative = parse.GetValue(mde);
            if (!(relative > 0) || !double.IsFinite(relative))
            {
                throw new ArgumentException($"--mde {relative.ToString(CultureInfo.InvariantCulture)}: expected a positive relative lift such as 0.05.");
            }

            var (a, p) = (CheckAlpha(parse.GetValue(alpha)), parse.GetValue(power));
            if (!(p > a && p < 1))
            {
                throw new ArgumentException($"--power {p.ToString(CultureInfo.InvariantCulture)}: expected a number between the significance level and 1.");
            }

            var asOf = parse.GetValue(cutoff) is { } text ? FeaturesCommand.ParseDate(text, "--cutoff") : (DateOnly?)null;
            using var connection = OpenExisting(parse.GetValue(db)!);
            var design = ExperimentDesign.Compute(connection, parse.GetValue(segment)!, metricName, days, relative, a, p, asOf);
            if (parse.GetValue(json) is { } file)
            {
                ExperimentJson.WriteDesign(design, file.FullName);
            }

            Output.WriteTable(
                $"Segment '{design.Segment}' at {design.Cutoff:yyyy-MM-dd}: {design.Customers:N0} customers. History: its members at {design.HistoryCutoff:yyyy-MM-dd}, {design.Metric} over {design.WindowDays} days: mean {design.Mean:G4}, sd {design.StdDev:G4}",
                ["", "without CUPED", "with CUPED"],
                [
                    ["units per arm for " + design.RelativeMde.ToString("P1", CultureInfo.InvariantCulture), Count(design.PerArm), Count(design.PerArmCuped)],
                    ["detectable lift, whole segment 50/50", Share(design.SegmentMde), Share(design.SegmentMdeCuped)],
                    ["variance removed", "", Share(design.VarianceReduction)],
                ]);
            return 0;
        });
        return command;
    }

    private static Command Assign()
    {
        var db = CommonOptions.Database();
        var segment = SegmentOption();
        var arms = new Option<string>("--arms") { Description = "Variant names, comma-separated; the first is control.", DefaultValueFactory = _ => "control,treatment" };
        var split = new Option<string?>("--split") { Description = "Shares per variant, e.g. 50,50 (default: equal)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the hash; the same seed gives the same assignment.", Required = true };
        var cutoff = new Option<string?>("--cutoff") { Description = "Segment as of this feature cutoff (default: the latest in gold)." };
        var output = new Option<FileInfo>("--out") { Description = "Assignment file to write (customer_id,variant).", Required = true };
        var run = new Option<DirectoryInfo?>("--run") { Description = "A run folder whose predictions.csv gives each customer's churn risk band: strata become segment × risk band." };
        var command = new Command("assign", "Deterministic hashed assignment of a segment's customers to variants, stratified by segment (and churn risk band with --run).") { db, segment, arms, split, seed, cutoff, output, run };
        command.SetAction(parse =>
        {
            var names = ParseArms(parse.GetValue(arms)!);
            var shares = ParseSplit(parse.GetValue(split), names.Length);
            var asOf = parse.GetValue(cutoff) is { } text ? FeaturesCommand.ParseDate(text, "--cutoff") : (DateOnly?)null;
            using var connection = OpenExisting(parse.GetValue(db)!);
            var at = asOf ?? ExperimentPopulation.LatestCutoff(connection)
                ?? throw new InvalidOperationException("The warehouse has no customer features yet: run 'patron features --cutoff DATE' (or 'patron run') first.");
            var population = ExperimentPopulation.Load(connection, at, parse.GetValue(segment)!);
            if (population.Ids.Length < names.Length)
            {
                throw new InvalidOperationException(ExperimentPopulation.TooSmall(connection, at, parse.GetValue(segment)!, population.Ids.Length, names.Length));
            }

            var bands = parse.GetValue(run) is { } runFolder ? RiskBands.Read(runFolder.FullName) : null;
            var strata = RiskBands.Strata(population.Ids, population.Segments, bands);
            var arm = HashAssignment.Assign(population.Ids, strata, shares, parse.GetValue(seed));
            var variants = new string[arm.Length];
            var counts = new long[names.Length];
            for (var i = 0; i < arm.Length; i++)
            {
                variants[i] = names[arm[i]];
                counts[arm[i]]++;
            }

            var file = parse.GetValue(output)!.FullName;
            AssignmentFile.Write(file, population.Ids, variants);
            Console.WriteLine($"{population.Ids.Length:N0} customers of '{parse.GetValue(segment)}' at {at:yyyy-MM-dd} → {file}");
            for (var a = 0; a < names.Length; a++)
            {
                Console.WriteLine($"  {names[a]}: {counts[a]:N0}");
            }

            if (bands is not null)
            {
                var unscored = strata.Count(s => s.EndsWith(" | " + RiskBands.Unscored, StringComparison.Ordinal));
                Console.WriteLine($"Stratified by segment and churn risk band; {unscored:N0} customer(s) without a prediction in the run form their own band.");
            }

            return 0;
        });
        return command;
    }

    private static Command Analyze()
    {
        var db = CommonOptions.Database();
        var assignments = new Option<FileInfo>("--assignments") { Description = "Assignment file (customer_id,variant).", Required = true };
        var start = new Option<string>("--start") { Description = "First day of the outcome window (yyyy-MM-dd).", Required = true };
        var window = new Option<string>("--window") { Description = "Outcome window, e.g. 90d.", DefaultValueFactory = _ => "90d" };
        var metrics = new Option<string>("--metrics") { Description = "Metrics, comma-separated: revenue, orders, conversion.", DefaultValueFactory = _ => "revenue,orders,conversion" };
        var cuped = new Option<bool>("--cuped") { Description = "Also adjust each metric by its value over the equally long period before the start (CUPED)." };
        var split = new Option<string?>("--split") { Description = "Designed shares per variant in file order, e.g. 50,50 (default: equal), for the sample-ratio check." };
        var alpha = AlphaOption();
        var json = new Option<FileInfo?>("--json") { Description = "Write the analysis as JSON to FILE." };
        var html = new Option<FileInfo?>("--html") { Description = "Write a one-page HTML reading to FILE." };
        var command = new Command("analyze", "Lifts per metric with intervals, p-values (Holm, always-valid), CUPED, the sample-ratio check and a verdict.")
        {
            db, assignments, start, window, metrics, cuped, split, alpha, json, html,
        };
        command.SetAction(parse =>
        {
            var from = FeaturesCommand.ParseDate(parse.GetValue(start)!, "--start");
            var days = FeaturesCommand.ParseHorizon(parse.GetValue(window)!);
            var names = parse.GetValue(metrics)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CheckMetric).Distinct().ToArray();
            if (names.Length == 0)
            {
                throw new ArgumentException("--metrics: name at least one of revenue, orders, conversion.");
            }

            var a = CheckAlpha(parse.GetValue(alpha));
            var (ids, variants) = AssignmentFile.Read(parse.GetValue(assignments)!.FullName);
            Dictionary<string, double>? shares = null;
            if (parse.GetValue(split) is { } splitText)
            {
                var order = variants.Distinct().ToArray();
                var values = ParseSplit(splitText, order.Length);
                shares = order.Select((v, i) => (v, values[i])).ToDictionary(p => p.v, p => p.Item2, StringComparer.Ordinal);
            }

            using var connection = OpenExisting(parse.GetValue(db)!);
            var analysis = ExperimentAnalysis.Run(connection, ids, variants, from, days, names, parse.GetValue(cuped), shares, a);
            if (parse.GetValue(json) is { } jsonFile)
            {
                ExperimentJson.WriteAnalysis(analysis, jsonFile.FullName);
            }

            if (parse.GetValue(html) is { } htmlFile)
            {
                ExperimentHtml.Write(analysis, htmlFile.FullName);
            }

            Output.WriteTable($"Experiment from {from:yyyy-MM-dd}, {days} days; control: {analysis.Control}",
                ["metric", "variant", "lift", "relative", "interval", "p (Holm)", "p (always valid)"],
                analysis.Metrics.Select(m => (IReadOnlyList<object?>)
                [
                    m.Metric + (m.Cuped is null ? "" : " (CUPED)"), m.Treatment, m.Headline.AbsoluteLift.ToString("G4", CultureInfo.InvariantCulture),
                    Share(m.Headline.RelativeLift), $"{m.Headline.CiLow.ToString("G4", CultureInfo.InvariantCulture)} to {m.Headline.CiHigh.ToString("G4", CultureInfo.InvariantCulture)}",
                    m.HolmPValue.ToString("G3", CultureInfo.InvariantCulture), m.AlwaysValidPValue.ToString("G3", CultureInfo.InvariantCulture),
                ]));
            Console.WriteLine(analysis.Verdict);
            return 0;
        });
        return command;
    }

    private static Option<string> SegmentOption() => new("--segment")
    {
        Description = "RFM segment name (see 'patron features --list' and docs/features.md), or 'all'.",
        Required = true,
    };

    private static Option<double> AlphaOption() => new("--alpha") { Description = "Two-sided significance level.", DefaultValueFactory = _ => 0.05 };

    private static Patron.DuckDb.DuckDbConnection OpenExisting(FileInfo db) =>
        db.Exists ? WarehouseFile.Open(db.FullName, readOnly: true)
            : throw new FileNotFoundException($"No warehouse at {db.FullName}: run 'patron ingest' (or 'patron run') first, or pass --db.");

    private static string CheckMetric(string metric) =>
        ExperimentAnalysis.KnownMetrics.Contains(metric) ? metric : throw new ArgumentException($"--metric '{metric}': use revenue, orders or conversion.");

    private static double CheckAlpha(double alpha) =>
        alpha > 0 && alpha < 1 ? alpha : throw new ArgumentException($"--alpha {alpha.ToString(CultureInfo.InvariantCulture)}: expected a number between 0 and 1 such as 0.05.");

    private static string[] ParseArms(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length < 2 || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new ArgumentException($"--arms '{text}': expected at least two distinct variant names, e.g. control,treatment.");
        }

        return names;
    }

    private static double[] ParseSplit(string? text, int arms)
    {
        if (text is null)
        {
            return Enumerable.Repeat(1.0, arms).ToArray();
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] > 0) || !double.IsFinite(values[i]))
            {
                throw new ArgumentException($"--split '{text}': expected positive shares such as 50,50.");
            }
        }

        return values.Length == arms ? values : throw new ArgumentException($"--split '{text}' gives {values.Length} shares for {arms} variants.");
    }

    private static string Count(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static string Share(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "–";
}
