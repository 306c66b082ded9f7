namespace Patron.Warehouse.Ingest;

/// <summary>What happened to one row of an ingested file other than being kept as it was: rejected (unreadable),
/// quarantined, dropped as a copy, or kept with a finding.</summary>
/// <param name="FileKey">The declared file's key (e.g. <c>orders</c>).</param>
/// <param name="Row">The data row in the file, 1 for the first row after the header.</param>
/// <param name="Column">The column at fault, when the reader named one.</param>
/// <param name="Check">The quality check (<c>rejected_rows</c> for unreadable rows).</param>
/// <param name="Action"><c>rejected</c>, <c>quarantined</c>, <c>dropped</c>, <c>kept</c>, ...</param>
/// <param name="Detail">The reason, in words.</param>
public sealed record IngestFinding(string FileKey, long Row, string? Column, string Check, string Action, string Detail);
