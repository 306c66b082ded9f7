using System.CommandLine;
using Patron.Features.Build;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron export</c>: any gold table to Parquet or CSV.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var table = new Argument<string>("TABLE") { Description = "Gold table, e.g. customer_features, customer_labels, kpi_monthly (the gold schema name is optional)." };
        var output = new Option<FileInfo>("--out") { Description = "FILE.parquet or FILE.csv.", Required = true }.Extensions(".parquet", ".csv");
        var cutoff = new Option<string?>("--cutoff") { Description = "Only this cutoff's rows (tables with a cutoff column)." };
        var command = new Command("export", "Write a gold table to Parquet or CSV.") { table, output, cutoff, db };
        command.SetAction(parse =>
        {
            using var connection = WarehouseFile.Open(parse.GetValue(db)!.FullName, readOnly: true);
            var file = parse.GetValue(output)!.FullName;
            var asOf = parse.GetValue(cutoff) is { } text ? FeaturesCommand.ParseDate(text, "--cutoff") : (DateOnly?)null;
            var rows = GoldExport.Export(connection, parse.GetValue(table)!, file, asOf);
            Console.WriteLine($"{rows:N0} rows → {file}");
            return 0;
        });
        return command;
    }
}
