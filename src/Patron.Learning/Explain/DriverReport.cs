namespace Patron.Learning.Explain;

/// <summary>The strongest drivers of one customer's score in each direction.</summary>
/// <param name="Up">Features raising the score, strongest first.</param>
/// <param name="Down">Features lowering the score, strongest first.</param>
/// <param name="Baseline">The bias term (expected raw score).</param>
public sealed record DriverReport(IReadOnlyList<Driver> Up, IReadOnlyList<Driver> Down, double Baseline);
