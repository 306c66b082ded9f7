namespace Patron.Warehouse.Sources;

/// <summary>One column a source file must (or may) have: its header name, declared type and, for times, the format.</summary>
/// <param name="Name">Header name as the file spells it; also the bronze column name unless <see cref="BronzeName"/> is set.</param>
/// <param name="Type">Declared type; values that do not parse become rejects, never guesses.</param>
/// <param name="Format">strptime format for <see cref="ColumnType.Date"/> and <see cref="ColumnType.Timestamp"/>.</param>
public sealed record SourceColumn(string Name, ColumnType Type, string? Format = null)
{
    /// <summary>Other header spellings accepted for this column (e.g. <c>Invoice</c> for <c>InvoiceNo</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Bronze column name, when it differs from <see cref="Name"/>.</summary>
    public string? BronzeName { get; init; }

    /// <summary>The column may be absent from the header; it is then NULL in bronze.</summary>
    public bool Optional { get; init; }

    /// <summary>A text column holding a value per row (the file's row key): stored in bronze with FSST, named in the
    /// table's definition, so DuckDB does not first try a dictionary that cannot hold it (see <see cref="ColumnCompression"/>).</summary>
    public bool RowKey { get; init; }

    /// <summary>A text column holding a handful of values whatever the shop (a payment method): stored in bronze as a
    /// dictionary, named in the table's definition, so DuckDB does not first try FSST on every segment (see
    /// <see cref="ColumnCompression"/>).</summary>
    public bool FewValues { get; init; }

    /// <summary>
    /// Formats the column may be written in, when <see cref="Format"/> is not fixed: each file is sampled and the one
    /// format that reads every value is used for that file (see <see cref="Ingest.DateOrder"/> for slashed dates).
    /// </summary>
    public IReadOnlyList<DateFormatCandidate> FormatCandidates { get; init; } = [];

    public string TableColumn => BronzeName ?? Name;

    public string DuckDbType => Type switch
    {
        ColumnType.Text => "VARCHAR",
        ColumnType.Integer => "INTEGER",
        ColumnType.BigInt => "BIGINT",
        ColumnType.Double => "DOUBLE",
        ColumnType.Boolean => "BOOLEAN",
        ColumnType.Date => "DATE",
        ColumnType.Timestamp => "TIMESTAMP",
        _ => throw new InvalidOperationException($"Unknown column type {Type}."),
    };

    public bool Matches(string headerName)
    {
        if (string.Equals(Name, headerName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (string.Equals(alias, headerName, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
