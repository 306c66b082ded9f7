using Patron.Server.Scoring;

namespace Patron.Server.Contracts;

/// <summary>What-if scores in request order.</summary>
public sealed record CustomerScoresResponse(IReadOnlyList<CustomerScore> Scores, IReadOnlyDictionary<string, string> ModelVersions);
