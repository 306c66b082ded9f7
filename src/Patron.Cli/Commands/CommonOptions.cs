using System.CommandLine;

namespace Patron.Cli.Commands;

/// <summary>Options shared by many commands, created fresh per command so each carries its own parse state.</summary>
internal static class CommonOptions
{
    public const string DefaultWarehouseFile = "patron.duckdb";

    public static Option<FileInfo> Database() => new("--db")
    {
        Description = $"Warehouse file (DuckDB). Default: {DefaultWarehouseFile} in the working directory.",
        DefaultValueFactory = _ => new FileInfo(DefaultWarehouseFile),
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as JSON instead of a table.",
    };
}
