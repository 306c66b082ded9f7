namespace Patron.Lifetime;

/// <summary>A lifetime model could not be fitted: degenerate data or an optimisation that did not converge.</summary>
public sealed class LifetimeFitException : Exception
{
    public LifetimeFitException()
    {
    }

    public LifetimeFitException(string message)
        : base(message)
    {
    }

    public LifetimeFitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
