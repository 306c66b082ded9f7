using Patron.Lifetime.Data;
using Patron.Lifetime.Models;

namespace Patron.Lifetime.Prediction;

/// <summary>Expected customer lifetime value over a horizon: expected purchases month by month, times expected spend, discounted monthly.</summary>
/// <remarks>
/// CLV = Σₘ (CET(mΔ) − CET((m−1)Δ)) · E[M | x, z̄] / (1 + d)^m over the months m of the horizon, with Δ one month in the
/// model's unit (the last step may be partial) and d = (1 + annual rate)^(1/12) − 1 the monthly discount rate. This is
/// the discrete approximation used by the reference packages (lifetimes' customer_lifetime_value, BTYD).
/// </remarks>
public static class CustomerValue
{
    /// <summary>Monthly discount rate equivalent to an annual rate.</summary>
    public static double MonthlyRate(double annualRate)
    {
        if (!(annualRate > -1.0) || !double.IsFinite(annualRate))
        {
            throw new ArgumentOutOfRangeException(nameof(annualRate), annualRate, "The annual discount rate must be a finite number above -1 (e.g. 0.1 for 10 %).");
        }

        return Math.Pow(1.0 + annualRate, 1.0 / 12.0) - 1.0;
    }

    /// <param name="model">Purchase model.</param>
    /// <param name="expectedSpend">E[M | x, z̄] for this customer, e.g. from <see cref="GammaGammaModel.ConditionalExpectedSpend"/>.</param>
    /// <param name="x">Repeat purchases.</param>
    /// <param name="recency">tₓ.</param>
    /// <param name="age">T.</param>
    /// <param name="horizon">Horizon in the model's time unit.</param>
    /// <param name="annualDiscountRate">Annual rate, applied monthly.</param>
    /// <param name="unit">The model's time unit (sets the month length).</param>
    public static double Expected(
        ITransactionModel model, double expectedSpend, int x, double recency, double age, double horizon, double annualDiscountRate, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(model);
        var month = unit.UnitsPerMonth();
        var monthly = MonthlyRate(annualDiscountRate);
        var value = 0.0;
        var previous = 0.0;
        var discount = 1.0;
        for (var m = 1; (m - 1) * month < horizon; m++)
        {
            var t = Math.Min(m * month, horizon);
            var cumulative = model.ConditionalExpectedPurchases(t, x, recency, age);
            discount /= 1.0 + monthly;
            value += (cumulative - previous) * discount;
            previous = cumulative;
        }

        return value * expectedSpend;
    }
}
