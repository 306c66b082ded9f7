namespace Patron.Warehouse.Sources;

/// <summary>How a source file separates its fields.</summary>
public enum FileLayout
{
    /// <summary>CSV with a header: fields split by <see cref="SourceFile.Delimiter"/>, RFC 4180 quotes.</summary>
    Delimited,

    /// <summary>Fields split by runs of spaces or tabs, no quotes, header line optional (the CDNOW log).</summary>
    Whitespace,
}
