namespace Patron.Features.Live;

/// <summary>One customer's features as of <see cref="Cutoff"/>, computed from the customer's own rows by the batch
/// kernel: values in registry order (<see cref="Registry.FeatureRegistry.All"/>), each a <c>long</c> (integer
/// features), a <c>double</c> (real), a <c>string</c> (category) or null. The population-wide columns that rank the
/// customer against everyone (<see cref="LiveFeatures.IsLive"/> false) are null here.</summary>
public sealed class CustomerFeatureValues
{
    public required string CustomerId { get; init; }

    public required DateOnly Cutoff { get; init; }

    public required object?[] Values { get; init; }
}
