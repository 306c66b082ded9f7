namespace Patron.Warehouse.Ingest;

/// <summary>A rejected row as reported to the user.</summary>
public sealed record RejectedRow(string FileName, long? Line, string? Column, string ErrorType, string Reason);
