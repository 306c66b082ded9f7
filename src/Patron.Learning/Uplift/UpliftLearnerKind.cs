namespace Patron.Learning.Uplift;

/// <summary>How an uplift model is built from outcome models (Künzel, Sekhon, Bickel and Yu 2019, "Metalearners for
/// estimating heterogeneous treatment effects using machine learning", PNAS 116(10)).</summary>
public enum UpliftLearnerKind
{
    /// <summary>Two models: μ₁ on the treated, μ₀ on control; τ = μ₁ − μ₀.</summary>
    TLearner,

    /// <summary>The T-learner's μ₀ and μ₁ impute each customer's effect (treated: y − μ₀(x); control: μ₁(x) − y); a
    /// model of each imputed effect, τ₁ on the treated and τ₀ on control, blended as τ = e · τ₀ + (1 − e) · τ₁ with e
    /// the treated share (the propensity of a randomized experiment).</summary>
    XLearner,
}
