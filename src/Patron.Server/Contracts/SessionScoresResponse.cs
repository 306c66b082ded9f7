using Patron.Server.Scoring;

namespace Patron.Server.Contracts;

/// <summary>Session predictions in request order.</summary>
public sealed record SessionScoresResponse(IReadOnlyList<SessionScore> Predictions, string? ModelVersion);
