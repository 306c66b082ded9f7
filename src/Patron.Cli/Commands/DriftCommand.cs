using System.CommandLine;
using System.Globalization;
using Patron.Learning.Drift;
using Patron.Pipeline.Drift;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron drift</c>: compares the customers of two cutoffs feature by feature (and the scores of a run's
/// models), writes the verdicts as JSON and HTML, and exits with <see cref="DriftedExitCode"/> when the dataset drifted.</summary>
internal static class DriftCommand
{
    /// <summary>Exit code when the dataset drifted, so a scheduler can alert on it.</summary>
    public const int DriftedExitCode = 3;

    public static Command Create()
    {
        var db = CommonOptions.Database();
        var referenceCutoff = new Option<string>("--reference-cutoff") { Description = "Reference cutoff yyyy-MM-dd (the training cutoff's customers).", Required = true };
        var cutoff = new Option<string>("--cutoff") { Description = "Current cutoff yyyy-MM-dd.", Required = true };
        var run = new Option<DirectoryInfo?>("--run") { Description = "Run folder of patron run: its models/ score both populations and the scores are compared too." };
        var json = new Option<FileInfo>("--json") { Description = "Write the drift report as JSON to FILE.", Required = true };
        var html = new Option<FileInfo?>("--html") { Description = "Write the drift report as a self-contained HTML page with a chart per drifted column." };
        var command = new Command("drift", "Compare the customers of two cutoffs: PSI, KS, Wasserstein and Jensen-Shannon per feature and per model score, a verdict per column and for the dataset (exit code 3 when the dataset drifted).")
        {
            db, referenceCutoff, cutoff, run, json, html,
        };
        command.SetAction(parse =>
        {
            var from = ParseDate(parse.GetValue(referenceCutoff)!, "--reference-cutoff");
            var to = ParseDate(parse.GetValue(cutoff)!, "--cutoff");
            var models = parse.GetValue(run) is { } folder ? Path.Combine(folder.FullName, "models") : null;
            DriftResult result;
            using (var connection = WarehouseFile.Open(parse.GetValue(db)!.FullName, readOnly: true))
            {
                result = Progress.Run(false, "Drift", progress => DriftComparison.Compare(connection, from, to, models, new DriftOptions(), progress));
            }

            var jsonFile = parse.GetValue(json)!;
            DriftJson.WriteFile(result, jsonFile.FullName);
            if (parse.GetValue(html) is { } htmlFile)
            {
                DriftPage.WriteFile(result, htmlFile.FullName);
            }

            var d = result.Dataset;
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var c in d.Scores)
            {
                rows.Add(Row("score", c));
            }

            foreach (var c in d.Features)
            {
                if (c.Drifted)
                {
                    rows.Add(Row("feature", c));
                }
            }

            Output.WriteTable("drifted features and every score", ["column", "name", "method", "statistic", "threshold", "drifted"], rows);
            foreach (var (task, reason) in result.SkippedScores)
            {
                Console.WriteLine($"score {task} not compared: {reason}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(d.Drifted ? "DATASET DRIFTED" : "no dataset drift")}: {d.DriftedColumns} of {d.JudgedColumns} columns drifted ({d.DriftedShare:P1}, threshold {d.ShareThreshold:P0})"));
            Console.WriteLine($"JSON report: {jsonFile.FullName}");
            if (parse.GetValue(html) is { } written)
            {
                Console.WriteLine($"HTML report: {written.FullName}");
            }

            return d.Drifted ? DriftedExitCode : 0;
        });
        return command;
    }

    private static IReadOnlyList<object?> Row(string column, ColumnDrift c) =>
    [
        column, c.Name, c.Method,
        c.Statistic?.ToString("G4", CultureInfo.InvariantCulture), c.Threshold?.ToString("G4", CultureInfo.InvariantCulture), c.Drifted ? "yes" : "no",
    ];

    private static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"{option} expects a date yyyy-MM-dd, got '{text}'.");
}
