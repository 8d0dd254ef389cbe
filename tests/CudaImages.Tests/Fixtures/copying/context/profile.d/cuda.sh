# Puts the CUDA tools on the PATH of login shells.
export PATH="/usr/lib/nvidia-cuda-toolkit/bin:$PATH"
