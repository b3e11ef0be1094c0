package io.aerys.sample.chat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Screenshots of browser windows put side by side on one picture, as for the README.
 */
final class SideBySide {

	private static final int GAP = 24;

	private static final Color BACKGROUND = new Color(0xd5d8e6);

	private static final Color FRAME = new Color(0xa9aec6);

	private SideBySide() {
	}

	/**
	 * Compose PNG screenshots, top-aligned from left to right.
	 *
	 * @param screenshots the PNG images
	 * @return a PNG image
	 */
	static byte[] compose(List<byte[]> screenshots) {
		List<BufferedImage> images = new ArrayList<>();
		for (byte[] screenshot : screenshots) {
			images.add(read(screenshot));
		}
		int width = GAP + images.stream().mapToInt((image) -> image.getWidth() + GAP).sum();
		int height = 2 * GAP + images.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
		BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = picture.createGraphics();
		try {
			graphics.setColor(BACKGROUND);
			graphics.fillRect(0, 0, width, height);
			int x = GAP;
			for (BufferedImage image : images) {
				graphics.setColor(FRAME);
				graphics.drawRect(x - 1, GAP - 1, image.getWidth() + 1, image.getHeight() + 1);
				graphics.drawImage(image, x, GAP, null);
				x += image.getWidth() + GAP;
			}
		}
		finally {
			graphics.dispose();
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(picture, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

	private static BufferedImage read(byte[] png) {
		try {
			BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
			if (image == null) {
				throw new IllegalArgumentException("Not an image: " + png.length + " bytes");
			}
			return image;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
