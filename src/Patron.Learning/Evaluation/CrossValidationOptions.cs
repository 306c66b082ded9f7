namespace Patron.Learning.Evaluation;

/// <summary>Options of <see cref="CrossValidation"/>.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>Number of folds, at least 2.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the fold assignment and of the resampler.</summary>
    public long Seed { get; init; }

    /// <summary>Decision threshold for precision, recall and F1.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Applied to each training fold only (for example <see cref="Smote"/>); <c>null</c> for none.</summary>
    public IResampler? Resampler { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        if (!(Threshold >= 0 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be in [0, 1].");
        }
    }
}
