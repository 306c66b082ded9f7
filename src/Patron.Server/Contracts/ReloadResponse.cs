namespace Patron.Server.Contracts;

/// <summary>The version served after a reload and the one before.</summary>
public sealed record ReloadResponse(string Run, string? PreviousRun, bool Changed);
