using System.Text.Json;

namespace Patron.Server.Contracts;

/// <summary>Sessions to score: the session source's columns (the 17 of an Online Shoppers export) or the session
/// features by name; at most 10,000 rows.</summary>
public sealed record ScoreSessionsRequest(IReadOnlyList<Dictionary<string, JsonElement>> Sessions);
