using System.Text.Json;

namespace Patron.Server.Contracts;

/// <summary>Either <c>customer_ids</c> (profiles of the run, in order) or <c>customers</c> (feature rows by registry
/// name, scored as they are: what-if).</summary>
public sealed record ScoreCustomersRequest(IReadOnlyList<string>? CustomerIds, IReadOnlyList<Dictionary<string, JsonElement>>? Customers);
