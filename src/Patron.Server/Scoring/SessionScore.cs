namespace Patron.Server.Scoring;

/// <summary>The purchase probability of one session and the reasons behind it.</summary>
public sealed record SessionScore(double? PurchaseProbability, IReadOnlyList<string> Reasons);
