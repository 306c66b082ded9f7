using System.CommandLine;
using System.Text.Json;
using Patron.Warehouse;
using Patron.Warehouse.Quality;

namespace Patron.Cli.Commands;

/// <summary><c>patron quality</c>: the data-quality report of the warehouse, as a table, JSON and HTML.</summary>
internal static class QualityCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var json = new Option<string?>("--json")
        {
            Description = "Write the report as JSON to FILE (or to standard output when no FILE is given).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var html = new Option<FileInfo?>("--html") { Description = "Write the report as a self-contained HTML page to FILE." };
        var all = new Option<bool>("--all") { Description = "List checks that found nothing too." };
        var command = new Command("quality", "Report data quality: missing values, duplicates, bad quantities and prices, orphans, bad timestamps, outliers, rejects.")
        {
            db, json, html, all,
        };
        command.SetAction(parse =>
        {
            QualityReport report;
            using (var connection = WarehouseFile.Open(parse.GetValue(db)!.FullName, readOnly: true))
            {
                report = QualityReporter.Read(connection);
            }

            var jsonRequested = parse.GetResult(json) is not null;
            var jsonFile = parse.GetValue(json);
            if (jsonRequested && string.IsNullOrEmpty(jsonFile))
            {
                Output.WriteJson(report);
                return 0;
            }

            if (!string.IsNullOrEmpty(jsonFile))
            {
                File.WriteAllText(jsonFile, JsonSerializer.Serialize(report, Output.JsonOptions));
            }

            if (parse.GetValue(html) is { } htmlFile)
            {
                File.WriteAllText(htmlFile.FullName, QualityHtml.Render(report));
            }

            var showAll = parse.GetValue(all);
            Output.WriteTable("data quality (examples of each finding: --html or --json)", ["check", "source", "entity", "rows", "share", "action"],
                report.Findings.Where(f => showAll || f.AffectedRows > 0).Select(f => (IReadOnlyList<object?>)
                [
                    f.Check, f.Source, f.Entity, f.AffectedRows, f.Share.ToString("P2", System.Globalization.CultureInfo.InvariantCulture), f.Action,
                ]));
            if (!string.IsNullOrEmpty(jsonFile))
            {
                Console.WriteLine($"JSON report: {Path.GetFullPath(jsonFile)}");
            }

            if (parse.GetValue(html) is { } written)
            {
                Console.WriteLine($"HTML report: {written.FullName}");
            }

            return 0;
        });
        return command;
    }
}
