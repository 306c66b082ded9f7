using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Learning.Data;

namespace Patron.Pipeline.Data;

/// <summary>One cutoff ready for the learners: the frame, its lifetime outputs and the two feature matrices (registry
/// features alone, and with the lifetime outputs appended) in the schemas of the training cutoff.</summary>
internal sealed class CutoffData
{
    /// <summary>The numeric columns read outside the matrices once they are built: the baselines' features and the
    /// past spend the predictions file reports. The rest of the frame's doubles are let go (a float copy is in the
    /// matrices), which halves the memory of a cutoff with millions of customers.</summary>
    private static readonly string[] KeptNumeric =
    [
        Tasks.TaskSpec.Get("churn").BaselineFeature,
        Tasks.TaskSpec.Get("repeat").BaselineFeature,
        Tasks.TaskSpec.Get("high_value").BaselineFeature,
        Tasks.TaskSpec.Get("clv").BaselineFeature,
        Tasks.TaskSpec.Get(Tasks.TaskSpec.EarlyName).BaselineFeature,
        "net_revenue",
    ];

    /// <summary>The columns a cutoff read by <see cref="CustomerFrame.LoadInputs"/> keeps as values beside its matrix:
    /// the numeric ones above and the segment the predictions file reports.</summary>
    public static IReadOnlyCollection<string> KeptColumns { get; } = [.. KeptNumeric, "rfm_segment"];

    private CutoffData(CustomerFrame frame, LifetimeScores? lifetime, FeatureMatrix plain, FeatureMatrix? withLifetime)
    {
        Frame = frame.Narrow(KeptNumeric);
        Lifetime = lifetime;
        Plain = plain;
        WithLifetime = withLifetime;
    }

    public CustomerFrame Frame { get; }

    public LifetimeScores? Lifetime { get; }

    public FeatureMatrix Plain { get; }

    public FeatureMatrix? WithLifetime { get; }

    /// <summary>The matrices of the reference cutoff, whose schemas fix columns and category levels for the others.</summary>
    public static CutoffData Reference(CustomerFrame frame, LifetimeScores? lifetime)
    {
        var plain = CustomerMatrices.Build(frame, null, dropEmpty: true);
        return new(frame, lifetime, plain, lifetime is null ? null : CustomerMatrices.WithLifetime(plain, lifetime));
    }

    /// <summary>A cutoff read by <see cref="CustomerFrame.LoadInputs"/> (in <paramref name="reference"/>'s schema when
    /// given, which is also how its lifetime matrix is checked), the same data as <see cref="Reference"/> or
    /// <see cref="Like"/> over <see cref="CustomerFrame.Load"/> without the frame's double copy of every feature.</summary>
    public static CutoffData FromInputs(CustomerInputs inputs, LifetimeScores? lifetime, CutoffData? reference)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return reference is null
            ? new(inputs.Frame, lifetime, inputs.Plain, lifetime is null ? null : CustomerMatrices.WithLifetime(inputs.Plain, lifetime))
            : WithSchemaOf(reference, inputs.Frame, lifetime, inputs.Plain);
    }

    /// <summary>Matrices in <paramref name="reference"/>'s schemas; a level the reference never saw becomes missing.</summary>
    public static CutoffData Like(CutoffData reference, CustomerFrame frame, LifetimeScores? lifetime)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return WithSchemaOf(reference, frame, lifetime, CustomerMatrices.Build(frame, reference.Plain.Schema, dropEmpty: false));
    }

    private static CutoffData WithSchemaOf(CutoffData reference, CustomerFrame frame, LifetimeScores? lifetime, FeatureMatrix plain)
    {
        FeatureMatrix? withLifetime = null;
        if (reference.WithLifetime is not null && lifetime is not null)
        {
            withLifetime = CustomerMatrices.WithLifetime(plain, lifetime);
            if (!withLifetime.Schema.Equals(reference.WithLifetime.Schema))
            {
                // The spend model fitted at one cutoff and not at the other: the combined candidate cannot run here.
                withLifetime = null;
            }
        }

        return new CutoffData(frame, lifetime, plain, withLifetime);
    }
}
