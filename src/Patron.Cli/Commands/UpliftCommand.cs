using System.CommandLine;
using System.Globalization;
using Patron.Learning.Uplift;
using Patron.Pipeline.Experiments;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron uplift</c>: whom an action moves, from a finished experiment (docs/experiments.md, "Uplift").</summary>
internal static class UpliftCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var assignments = new Option<FileInfo>("--assignments") { Description = "Assignment file (customer_id,variant) with two variants.", Required = true };
        var start = new Option<string>("--start") { Description = "First day of the outcome window (yyyy-MM-dd); features are as of the latest cutoff on or before it.", Required = true };
        var window = new Option<string>("--window") { Description = "Outcome window, e.g. 90d.", DefaultValueFactory = _ => "90d" };
        var output = new Option<FileInfo>("--out") { Description = "Targeting list to write (CSV): customers by expected incremental revenue, with reasons.", Required = true };
        var json = new Option<FileInfo?>("--json") { Description = "Also write Qini, AUUC and uplift@k per learner and for a random ranking as JSON to FILE." };
        var html = new Option<FileInfo?>("--html") { Description = "Also write a page with the Qini charts to FILE." };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds (2 to 20).", DefaultValueFactory = _ => 5 };
        var seed = new Option<long>("--seed") { Description = "Seed of the folds and the boosting: same inputs and seed, same files.", DefaultValueFactory = _ => 0 };
        var command = new Command("uplift", "Per-customer uplift of an experiment's action (T- and X-learners): Qini, AUUC, uplift@k and whom to target.")
        {
            db, assignments, start, window, output, json, html, folds, seed,
        };
        command.SetAction(parse =>
        {
            var from = FeaturesCommand.ParseDate(parse.GetValue(start)!, "--start");
            var days = FeaturesCommand.ParseHorizon(parse.GetValue(window)!);
            var k = parse.GetValue(folds);
            if (k < 2 || k > 20)
            {
                throw new ArgumentException($"--folds {k.ToString(CultureInfo.InvariantCulture)}: expected 2 to 20.");
            }

            var (ids, variants) = AssignmentFile.Read(parse.GetValue(assignments)!.FullName);
            var file = parse.GetValue(db)!;
            if (!file.Exists)
            {
                throw new FileNotFoundException($"No warehouse at {file.FullName}: run 'patron ingest' (or 'patron run') first, or pass --db.");
            }

            using var connection = WarehouseFile.Open(file.FullName, readOnly: true);
            var analysis = UpliftAnalysis.Run(connection, ids, variants, from, days, k, parse.GetValue(seed));
            var targets = parse.GetValue(output)!.FullName;
            UpliftOutput.WriteTargets(analysis, targets);
            if (parse.GetValue(json) is { } jsonFile)
            {
                UpliftOutput.WriteJson(analysis, jsonFile.FullName);
            }

            if (parse.GetValue(html) is { } htmlFile)
            {
                UpliftOutput.WriteHtml(analysis, htmlFile.FullName);
            }

            var rows = new List<IReadOnlyList<object?>>();
            foreach (var r in analysis.Results)
            {
                rows.Add([r.Metric, r.Name, G(r.Metrics.Qini), G(r.Metrics.QiniRandom), G(r.Metrics.Auuc), G(r.Metrics.UpliftAtK[0].Uplift), G(r.Metrics.UpliftAtK[2].Uplift)]);
            }

            Output.WriteTable(
                $"Uplift from {from:yyyy-MM-dd}, {days} days: {analysis.Ids.Length:N0} customers, features as of {analysis.FeatureCutoff:yyyy-MM-dd}, {k} folds (out of fold)",
                ["metric", "learner", "Qini", "Qini (random)", "AUUC", "uplift@10%", "uplift@30%"], rows);
            var revenue = analysis.Result(analysis.Chosen, "revenue").Uplift;
            var positive = revenue.Count(v => v > 0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Targeting list ({(analysis.Chosen == UpliftLearnerKind.TLearner ? "T" : "X")}-learner) → {targets}: {positive:N0} customers with a positive expected revenue uplift, {revenue.Where(v => v > 0).Sum():N2} incremental revenue expected if they are treated."));
            if (analysis.WithoutFeatures > 0)
            {
                Console.WriteLine($"{analysis.WithoutFeatures:N0} customers had no features at {analysis.FeatureCutoff:yyyy-MM-dd} (no purchase before it); the models saw them with missing inputs.");
            }

            return 0;
        });
        return command;
    }

    private static string G(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "–";
}
