namespace CudaImages.BuildEngine;

/// <summary>Files the engine writes while another run of the same checkout may be writing or reading them.</summary>
static class AtomicFile
{
    /// <summary>Through a temporary file unique to this writer, renamed over the old one: a reader sees the old file or the new, never half.</summary>
    public static void WriteAllText(AbsolutePath file, string text)
    {
        var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
