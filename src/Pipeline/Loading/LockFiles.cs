using CudaImages.IO;
using CudaImages.Locking;
using CudaImages.Model;

namespace CudaImages.Loading;

/// <summary>Reads images/locks/: one lock file per distro of the matrix; a file for another distro is refused.</summary>
public static class LockFiles
{
    /// <summary>A file that does not parse adds its errors to <paramref name="unreadable"/> when given (Lock writes it again), else to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<LockFile> Read(string imagesDirectory, IReadOnlyList<Distro> distros, List<MatrixError> errors, List<MatrixError>? unreadable = null)
    {
        var folder = Path.Combine(imagesDirectory, LockFile.Folder);
        if (!Directory.Exists(folder)) return [];
        var locks = new List<LockFile>();
        foreach (var path in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var display = $"images/{LockFile.Folder}/{Path.GetFileName(path)}";
            if (!ContainedPath.IsInside(path, imagesDirectory))
            {
                errors.Add(new MatrixError(display, 1, 1, $"leads to {ContainedPath.Real(path)}, outside images/", "replace the link with the file itself"));
                continue;
            }
            if (!path.EndsWith(LockFile.Extension, StringComparison.Ordinal))
            {
                errors.Add(new MatrixError(display, 1, 1, $"images/{LockFile.Folder}/ holds only <distro>{LockFile.Extension} files", "move or remove it"));
                continue;
            }
            var distro = Path.GetFileNameWithoutExtension(path);
            if (distros.All(d => d.Id != distro))
            {
                errors.Add(new MatrixError(display, 1, 1, $"a lock for distro '{distro}', which images/distros.yaml does not have",
                    $"remove {display}, or add the distro; {ClosestNames.Hint(distro, distros.Select(d => d.Id))}"));
                continue;
            }
            if (RegularFile.Problem(path, LockFile.MaxBytes) is { } problem)
            {
                errors.Add(new MatrixError(display, 1, 1, problem, "a lock is a regular text file of at most 1 MB: run ./build.sh Lock to write it again"));
                continue;
            }
            try
            {
                locks.Add(LockFile.Parse(distro, display, RegularFile.ReadAllText(path, LockFile.MaxBytes)));
            }
            catch (MatrixException e)
            {
                (unreadable ?? errors).AddRange(e.Errors);
            }
        }
        return locks;
    }
}
