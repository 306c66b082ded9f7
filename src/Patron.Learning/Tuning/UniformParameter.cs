namespace Patron.Learning.Tuning;

/// <summary>A real value uniform on [Low, High).</summary>
public sealed record UniformParameter(string Name, double Low, double High) : ParameterDistribution(Name)
{
    public override object Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Low + (random.NextDouble() * (High - Low));
    }
}
