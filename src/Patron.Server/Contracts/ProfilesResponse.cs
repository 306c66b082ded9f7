namespace Patron.Server.Contracts;

/// <summary>Profiles in request order (null for an id the run does not have) and the ids not found.</summary>
public sealed record ProfilesResponse(IReadOnlyList<CustomerProfile?> Profiles, IReadOnlyList<string> NotFound);
