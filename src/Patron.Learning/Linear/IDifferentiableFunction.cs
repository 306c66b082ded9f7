namespace Patron.Learning.Linear;

/// <summary>A smooth objective the quasi-Newton optimizer minimizes.</summary>
internal interface IDifferentiableFunction
{
    /// <summary>Number of parameters.</summary>
    int Dimension { get; }

    /// <summary>Returns f(<paramref name="x"/>) and writes its gradient.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
