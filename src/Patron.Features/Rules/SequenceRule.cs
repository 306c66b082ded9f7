namespace Patron.Features.Rules;

/// <summary>"Customers who bought A bought B within the window after": one sequence rule.</summary>
/// <param name="Antecedent">Item A (product id or category).</param>
/// <param name="Consequent">Item B.</param>
/// <param name="AntecedentName">A's display name.</param>
/// <param name="ConsequentName">B's display name.</param>
/// <param name="Customers">Customers for whom A then B held.</param>
/// <param name="Support">Customers / customers who bought anything.</param>
/// <param name="Confidence">Customers / customers who bought A.</param>
/// <param name="Lift">Confidence / share of all customers who bought B in a later order within the window of their first purchase (+∞ when none did).</param>
/// <param name="MedianDays">Median days from the first purchase of A to the first later purchase of B.</param>
public sealed record SequenceRule(string Antecedent, string Consequent, string AntecedentName, string ConsequentName, long Customers,
    double Support, double Confidence, double Lift, double MedianDays);
