namespace Patron.Server.Scoring;

/// <summary>One column a request row must carry, and the kind of its cells.</summary>
internal sealed record ColumnRule(string Name, CellKind Kind);
