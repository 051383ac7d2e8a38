"""The editing aid: annotating a Chinese story, checking an English draft against it, romanising names."""
