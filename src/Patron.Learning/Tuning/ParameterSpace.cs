namespace Patron.Learning.Tuning;

/// <summary>A declared search space: one distribution per parameter name, sampled in declaration order.</summary>
public sealed class ParameterSpace
{
    private readonly List<ParameterDistribution> _parameters = [];

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<ParameterDistribution> Parameters => _parameters;

    /// <summary>Adds a parameter; names must be unique.</summary>
    public ParameterSpace Add(ParameterDistribution parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (_parameters.Exists(p => p.Name == parameter.Name))
        {
            throw new ArgumentException($"Parameter '{parameter.Name}' is declared twice.", nameof(parameter));
        }

        _parameters.Add(parameter);
        return this;
    }

    /// <summary>Draws one value per parameter.</summary>
    public ParameterSet Sample(Random random)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in _parameters)
        {
            values[p.Name] = p.Sample(random);
        }

        return new ParameterSet(values);
    }
}
