namespace Patron.Learning.Linear;

/// <summary>Options of <see cref="LogisticRegressionLearner"/>. The objective is
/// C·Σ sᵢ·logloss(yᵢ, ηᵢ) + (1 − ρ)/2·‖w‖² + ρ·‖w‖₁ with sᵢ the sample weight times the class weight, ρ =
/// <see cref="L1Ratio"/>, and the intercept unpenalized: with ρ = 0 this is scikit-learn's
/// <c>LogisticRegression(C, penalty='l2')</c>, with ρ &gt; 0 its elastic net.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Inverse regularization strength (larger = weaker penalty). Must be positive.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Share of L1 in the penalty, 0 (ridge, L-BFGS) to 1 (lasso, OWL-QN).</summary>
    public double L1Ratio { get; init; }

    /// <summary>Whether to fit an unpenalized intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Whether design columns are centred and scaled to unit variance before fitting (the stored model folds the
    /// scaling back, so scoring needs no separate step). Changes the solution because the penalty sees scaled weights.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Weight of class 1 relative to its samples' weights; <c>null</c> with <see cref="BalancedClassWeights"/>
    /// false means 1.</summary>
    public double? PositiveClassWeight { get; init; }

    /// <summary>Weight of class 0; <c>null</c> means 1 (or balanced).</summary>
    public double? NegativeClassWeight { get; init; }

    /// <summary>Weights each class by n / (2·n_class), as scikit-learn's <c>class_weight='balanced'</c>.</summary>
    public bool BalancedClassWeights { get; init; }

    /// <summary>Iteration limit of the optimizer.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Stop when the largest (pseudo-)gradient component of the objective divided by C is at most this (the
    /// meaning of scikit-learn's <c>tol</c> for lbfgs).</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Stop when an iteration lowers the objective by at most this share of its size, as scipy's L-BFGS-B
    /// <c>ftol</c> (default 2.2e-9, the value scikit-learn's lbfgs runs with); 0 runs to <see cref="Tolerance"/>.</summary>
    public double FunctionTolerance { get; init; } = 2.220446049250313e-9;

    /// <summary>Number of curvature pairs L-BFGS keeps.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Seed; the optimizer is deterministic, the seed is recorded so every learner takes one.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(C > 0) || double.IsInfinity(C))
        {
            throw new ArgumentException($"C must be positive and finite (got {C}).");
        }

        if (!(L1Ratio >= 0 && L1Ratio <= 1))
        {
            throw new ArgumentException($"L1Ratio must be in [0, 1] (got {L1Ratio}).");
        }

        if (PositiveClassWeight is { } p && !(p > 0 && double.IsFinite(p)))
        {
            throw new ArgumentException($"PositiveClassWeight must be positive (got {p}).");
        }

        if (NegativeClassWeight is { } q && !(q > 0 && double.IsFinite(q)))
        {
            throw new ArgumentException($"NegativeClassWeight must be positive (got {q}).");
        }

        if (BalancedClassWeights && (PositiveClassWeight is not null || NegativeClassWeight is not null))
        {
            throw new ArgumentException("BalancedClassWeights cannot be combined with explicit class weights.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Memory, 1, nameof(Memory));
        if (!(Tolerance > 0))
        {
            throw new ArgumentException($"Tolerance must be positive (got {Tolerance}).");
        }

        if (!(FunctionTolerance >= 0 && FunctionTolerance < 1))
        {
            throw new ArgumentException($"FunctionTolerance must be in [0, 1) (got {FunctionTolerance}).");
        }
    }
}
