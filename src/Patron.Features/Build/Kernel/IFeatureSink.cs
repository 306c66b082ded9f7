namespace Patron.Features.Build.Kernel;

/// <summary>Where the <see cref="CustomerKernel"/> puts its finished blocks: the scratch file of a batch build
/// (<see cref="FeatureSpill"/>), or memory for a live update of a few customers.</summary>
internal interface IFeatureSink
{
    /// <summary>Takes the block's rows (the block itself is left as it is and reused by the kernel).</summary>
    void Write(FeatureBlock block);

    /// <summary>Called once, after the last <see cref="Write"/>.</summary>
    void Seal();
}
