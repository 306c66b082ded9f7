using Patron.Features.Frames;
using Patron.Features.Lifetime;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;

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

    private CutoffData(CustomerFrame frame, LifetimeScores? lifetime, FeatureMatrix plain, FeatureMatrix? withLifetime, int[]? matrixRows = null)
    {
        Frame = frame.Narrow(KeptNumeric);
        Lifetime = lifetime;
        Plain = plain;
        WithLifetime = withLifetime;
        MatrixRows = matrixRows;
    }

    /// <summary>The frame rows (ascending) the matrices hold, or null when they hold every row of the frame: the
    /// earlier cutoff of a horizon keeps only the rows its fits draw (<see cref="AtRows"/>).</summary>
    public int[]? MatrixRows { get; }

    /// <summary>This cutoff with its matrices cut to <paramref name="rows"/> of the frame (ascending, as a
    /// <see cref="RowSample"/> gives them); the frame, its labels and the lifetime outputs keep every customer, the
    /// matrices' other rows are let go. The cut matrices hold the same values as the whole ones at those rows.</summary>
    public CutoffData AtRows(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (MatrixRows is not null)
        {
            throw new InvalidOperationException("The matrices of this cutoff are already cut to some of its rows.");
        }

        var plain = Plain.SelectRows(rows);
        FeatureMatrix? withLifetime = null;
        if (WithLifetime is not null && Lifetime is not null)
        {
            // The lifetime view shares the plain view's column arrays, as the whole one does; its added columns are
            // the lifetime outputs in their order (CustomerMatrices.WithLifetime), under the whole view's names.
            var extra = new List<KeyValuePair<string, double[]>>(Lifetime.Columns.Count);
            var j = Plain.ColumnCount;
            foreach (var (_, values) in Lifetime.Columns)
            {
                extra.Add(new(WithLifetime.Schema.Features[j++].Name, RowSample.Pick(values, rows)));
            }

            withLifetime = plain.WithNumericColumns(extra);
        }

        return new CutoffData(Frame, Lifetime, plain, withLifetime, rows);
    }

    /// <summary>The earlier cutoff as its out-of-time fits read it once its matrices are cut (<see cref="AtRows"/>): the
    /// frame keeps every customer's ids and labels and, of the values, only the CLV baseline's past spend (the scale
    /// of that baseline sums it over every customer); the lifetime outputs keep their models but no column of every
    /// customer (the lifetime matrix holds the sampled rows' outputs). The binary baselines and the lifetime scorers
    /// read the later two cutoffs only. At millions of customers this lets a few hundred MB go.</summary>
    public CutoffData ForOutOfTimeFits()
    {
        if (MatrixRows is null)
        {
            throw new InvalidOperationException("Only a cutoff whose matrices are cut to its fit rows gives up its per-customer columns.");
        }

        return new CutoffData(Frame.Narrow([Tasks.TaskSpec.Get("clv").BaselineFeature]), Lifetime?.WithoutColumns(), Plain, WithLifetime, MatrixRows);
    }

    /// <summary>The scoring cutoff as the tasks read it: its frame without labels (they lie after the scoring cutoff,
    /// and no task, baseline or output reads them); matrices and lifetime outputs as they are.</summary>
    public CutoffData ForScoring() => new(Frame.WithoutLabels(), Lifetime, Plain, WithLifetime, MatrixRows);

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
    /// <remarks>Inputs whose matrix holds only some rows (<see cref="CustomerInputs.MatrixRows"/>) give the cutoff
    /// <see cref="AtRows"/> gives for those rows: <paramref name="lifetime"/> is then read for
    /// <see cref="CustomerInputs.MatrixIds"/>, in the matrix's order, and the cutoff keeps only its models (its columns
    /// are in the lifetime matrix), as <see cref="ForOutOfTimeFits"/> would.</remarks>
    public static CutoffData FromInputs(CustomerInputs inputs, LifetimeScores? lifetime, CutoffData? reference)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var data = reference is null
            ? new(inputs.Frame, lifetime, inputs.Plain, lifetime is null ? null : CustomerMatrices.WithLifetime(inputs.Plain, lifetime))
            : WithSchemaOf(reference, inputs.Frame, lifetime, inputs.Plain);
        return inputs.MatrixRows is null
            ? data
            : new CutoffData(data.Frame, data.Lifetime?.WithoutColumns(), data.Plain, data.WithLifetime, inputs.MatrixRows);
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
