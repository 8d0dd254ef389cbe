// toolkit_info: built by CMake against the libraries find_package(CUDAToolkit) found. It calls into cudart and
// cuBLAS for facts that need no GPU (cudaDriverGetVersion answers 0 without a driver) and prints them beside the
// toolkit version CMake saw.
#include <cuda_runtime_api.h>
#include <cublas_v2.h>

#include <cstdio>

int main() {
    int driver = 0;
    if (cudaDriverGetVersion(&driver) != cudaSuccess) {
        std::fprintf(stderr, "toolkit_info: cudaDriverGetVersion failed\n");
        return 1;
    }
    int major = 0, minor = 0;
    if (cublasGetProperty(MAJOR_VERSION, &major) != CUBLAS_STATUS_SUCCESS ||
        cublasGetProperty(MINOR_VERSION, &minor) != CUBLAS_STATUS_SUCCESS) {
        std::fprintf(stderr, "toolkit_info: cublasGetProperty failed\n");
        return 1;
    }
    std::printf("toolkit %s, cudart %d.%d, cuBLAS %d.%d, driver %s\n", CUDA_TOOLKIT_VERSION, CUDART_VERSION / 1000,
                (CUDART_VERSION % 1000) / 10, major, minor, driver == 0 ? "none" : "present");
    return 0;
}
