using CudaImages.BuildEngine;

namespace CudaImages.Tests.BuildEngine;

/// <summary>A test build that remembers which targets ran, in order.</summary>
abstract class RecordingBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    protected void Record(string target)
    {
        lock (Ran)
            Ran.Add(target);
    }
}
