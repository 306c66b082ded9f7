namespace Patron.Learning.Tuning;

/// <summary>A positive real value whose logarithm is uniform on [log Low, log High) (for learning rates, C, …).</summary>
public sealed record LogUniformParameter(string Name, double Low, double High) : ParameterDistribution(Name)
{
    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(Low > 0 && High >= Low))
        {
            throw new ArgumentException($"Parameter '{Name}': a log-uniform range needs 0 < low ≤ high.");
        }

        return Math.Exp(Math.Log(Low) + (random.NextDouble() * (Math.Log(High) - Math.Log(Low))));
    }
}
