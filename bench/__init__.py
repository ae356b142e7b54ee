"""``make bench``: the product's speed at province scale, as ratios to floors measured in the same run."""
